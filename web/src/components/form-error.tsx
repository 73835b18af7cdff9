import type { ReactNode } from 'react';

/** Why a form's last submission failed, shown under it (see `useRpc`). */
export function FormError({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="error" role="alert" data-testid={testId}>
      {children}
    </p>
  );
}
