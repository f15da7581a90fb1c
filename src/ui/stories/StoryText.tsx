import { Fragment } from 'react';
import { isBindingName, readBinding, WAITING, type LiveInputs } from './bindings.ts';
import type { Paragraph, Template, When } from './story-types.ts';
import { holds, isWhen, parseTemplate, partsOf } from './template.ts';

/** A live value in the text; "…" (and `data-waiting`) until the simulation has it. */
function Value({ name, inputs }: { name: string; inputs: LiveInputs }) {
  const bound = isBindingName(name) ? readBinding(name, inputs) : null;
  return (
    <strong
      className="story-value"
      data-binding={name}
      data-waiting={bound ? undefined : 'true'}
      title={bound ? undefined : 'waiting for the simulation'}
    >
      {bound ? bound.text : WAITING}
    </strong>
  );
}

function TemplateText({ template, inputs }: { template: Template; inputs: LiveInputs }) {
  return (
    <>
      {parseTemplate(template).map((token, i) =>
        token.kind === 'text' ? (
          <Fragment key={i}>{token.text}</Fragment>
        ) : (
          <Value key={i} name={token.name} inputs={inputs} />
        ),
      )}
    </>
  );
}

/** A condition on a live value: its `then` or `else`; "…" while the value waits. */
function WhenText({ part, inputs }: { part: When; inputs: LiveInputs }) {
  const bound = readBinding(part.when, inputs);
  if (!bound) {
    // An aside without an alternative says nothing until it can say something true.
    return part.else === undefined ? null : <Value name={part.when} inputs={inputs} />;
  }
  const chosen = holds(part, bound) ? part.then : part.else;
  return chosen === undefined ? null : <TemplateText template={chosen} inputs={inputs} />;
}

/** A step's text with its live values bound. */
export function StoryText({
  paragraphs,
  inputs,
}: {
  paragraphs: readonly Paragraph[];
  inputs: LiveInputs;
}) {
  return (
    <div className="story-guide__text">
      {paragraphs.map((paragraph, i) => (
        <p key={i}>
          {partsOf(paragraph).map((part, j) =>
            isWhen(part) ? (
              <WhenText key={j} part={part} inputs={inputs} />
            ) : (
              <TemplateText key={j} template={part} inputs={inputs} />
            ),
          )}
        </p>
      ))}
    </div>
  );
}
