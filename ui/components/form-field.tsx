// Labelled form controls. Each control's <label for> names it and, when there is help text, its
// aria-describedby points at that help, so a screen reader reads both; keeping the wiring here
// means a new field cannot forget either half.
import type { ComponentChildren, InputHTMLAttributes, TextareaHTMLAttributes } from 'preact';

/** A labelled control with its help text tied to it (the control sets aria-describedby). */
export function Field({
  id,
  label,
  help,
  required,
  children,
}: {
  id: string;
  label: string;
  help?: string;
  required?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={id}>
        {label}
        {required && <span class="required"> (required)</span>}
      </label>
      {children}
      {help && (
        <small id={`${id}-help`} class="help">
          {help}
        </small>
      )}
    </div>
  );
}

/** The help's id, as Field names it, for the control's aria-describedby. */
const describedBy = (id: string, help?: string) => (help ? `${id}-help` : undefined);

/**
 * What the field components add to a control's own attributes. The label says "(required)" when
 * the control is required, or when `requiredMark` is set: fields whose form checks them itself
 * on submit, where the browser's own required-check would change what the user sees.
 */
type Labelled = { id: string; label: string; help?: string; requiredMark?: boolean };

export function InputField({ id, label, help, requiredMark, ...input }: Labelled & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  return (
    <Field id={id} label={label} help={help} required={requiredMark ?? Boolean(input.required)}>
      <input id={id} aria-describedby={describedBy(id, help)} {...input} />
    </Field>
  );
}

export function TextareaField({
  id,
  label,
  help,
  requiredMark,
  ...textarea
}: Labelled & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>) {
  return (
    <Field id={id} label={label} help={help} required={requiredMark ?? Boolean(textarea.required)}>
      <textarea id={id} aria-describedby={describedBy(id, help)} {...textarea} />
    </Field>
  );
}

/** A label and its input as siblings, no wrapper or help: for forms laid out by their own CSS (log-in). */
export function LabelledInput({ id, label, ...input }: { id: string; label: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  return (
    <>
      <label for={id}>{label}</label>
      <input id={id} {...input} />
    </>
  );
}

/** A <select>'s options where each value is also its text. */
export function Options({ values }: { values: readonly (string | number)[] }) {
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </>
  );
}
