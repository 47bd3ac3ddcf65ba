import type { ReactNode } from "react";

/** An error said where it happened (announced to screen readers); nothing when there is none. */
export function AlertText({ children }: { children: ReactNode }) {
  if (children === null || children === undefined || children === false || children === "") return null;
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-300">
      {children}
    </p>
  );
}
