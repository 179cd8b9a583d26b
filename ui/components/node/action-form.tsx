// The frame of every action form: a labelled form whose controls are disabled for readers and
// while the call runs, its submit button, and the API's error when the call fails.
import type { ComponentChildren } from 'preact';
import { useSession } from '../../session.js';
import { ErrorBanner } from '../error-banner.js';
import type { Action } from './use-action.js';

export function ActionForm({
  id,
  title,
  action,
  submit,
  onSubmit,
  children,
}: {
  id: string;
  title: string;
  action: Action;
  submit: string;
  onSubmit: () => Promise<unknown>;
  children: ComponentChildren;
}) {
  const { canAct } = useSession();
  return (
    <form
      class="panel action-form"
      aria-labelledby={`${id}-title`}
      data-testid={id}
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(onSubmit);
      }}
    >
      <h3 id={`${id}-title`}>{title}</h3>
      <fieldset disabled={!canAct || action.busy}>
        {children}
        <button type="submit" class="primary">
          {action.busy ? 'Working…' : submit}
        </button>
      </fieldset>
      <ErrorBanner error={action.error} onDismiss={action.clearError} />
    </form>
  );
}
