import { useRef, useState } from 'react';
import { useLab } from '../state/store.ts';
import { readScenarioFile } from './scenario-file.ts';

/**
 * "Share": the address bar always holds the whole state (url-sync.ts), so sharing is
 * copying it — shown in a field as well, for when the clipboard is not allowed.
 * "Import scenario…": a JSON file checked as the command line checks it; a bad file
 * changes nothing and says why.
 */
export function ShareControls() {
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const loadScenario = useLab((s) => s.loadScenario);
  const setImportProblem = useLab((s) => s.setImportProblem);
  const setView = useLab((s) => s.setView);

  const share = async () => {
    const href = window.location.href;
    setLink(href);
    try {
      await navigator.clipboard.writeText(href);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  const importFile = async (file: File) => {
    const reading = readScenarioFile(await file.text());
    if (!reading.ok) {
      setImportProblem({ file: file.name, messages: reading.messages });
      return;
    }
    setImportProblem(null);
    if (useLab.getState().view === 'stories') setView('lab');
    loadScenario(reading.input, `the scenario in “${file.name}”`);
  };

  return (
    <div className="share">
      <button type="button" onClick={() => void share()}>
        Share
      </button>
      <button type="button" onClick={() => fileInput.current?.click()}>
        Import scenario…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        aria-label="Scenario file to import"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      {link !== null && (
        <div className="share__link" role="group" aria-label="Link to this view">
          <input readOnly value={link} aria-label="Link" onFocus={(e) => e.target.select()} />
          <span role="status">
            {copied ? 'Copied to the clipboard.' : 'Copy the link from the field.'}
          </span>
          <button type="button" onClick={() => setLink(null)} aria-label="Close the link">
            ×
          </button>
        </div>
      )}
    </div>
  );
}
