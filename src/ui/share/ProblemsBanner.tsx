import { useLab } from '../state/store.ts';

/**
 * What could not be used of the link the page was opened with, or of an imported file:
 * one line per field, naming it and what is allowed. Everything else applied.
 */
export function ProblemsBanner() {
  const linkProblems = useLab((s) => s.linkProblems);
  const dismissLink = useLab((s) => s.dismissLinkProblems);
  const importProblem = useLab((s) => s.importProblem);
  const setImportProblem = useLab((s) => s.setImportProblem);
  return (
    <>
      {linkProblems.length > 0 && (
        <div className="problems-banner" role="alert" aria-label="Problems with the link">
          <p>
            <strong>Part of this link could not be used.</strong> The rest of it applied; these
            fields fell back to their defaults:
          </p>
          <ul>
            {linkProblems.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
          <button type="button" onClick={dismissLink}>
            Dismiss
          </button>
        </div>
      )}
      {importProblem && (
        <div className="problems-banner" role="alert" aria-label="Problems with the imported file">
          <p>
            <strong>“{importProblem.file}” was not imported.</strong> The running scenario is
            unchanged.
          </p>
          <ul>
            {importProblem.messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
          <button type="button" onClick={() => setImportProblem(null)}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
