// The fields a failure points at, in a form: marked invalid and described by the failure's
// message, the first one focused, and each mark cleared when its field is edited.
import { useCallback, useRef, useState } from "react";

export interface FlaggedFields<F extends string> {
  /** The form (or fieldset) the fields are in, for the focus. */
  container: React.MutableRefObject<HTMLElement | null>;
  /** Marks `fields` (none clears every mark) and focuses the first. */
  flag: (fields: readonly F[]) => void;
  /** The field was edited: its mark goes. */
  edited: (field: F) => void;
  /** Attributes of a field's input: invalid and described by the element `describedBy`. */
  invalid: (field: F) => { "aria-invalid"?: true; "aria-describedby"?: string };
}

export function useFlaggedFields<F extends string>(describedBy: string): FlaggedFields<F> {
  const [flagged, setFlagged] = useState<ReadonlySet<F>>(new Set());
  const container = useRef<HTMLElement | null>(null);
  const flag = useCallback((fields: readonly F[]) => {
    setFlagged(new Set(fields));
    if (fields.length > 0) {
      requestAnimationFrame(() => container.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
    }
  }, []);
  const edited = useCallback(
    (field: F) =>
      setFlagged((now) => {
        if (!now.has(field)) return now;
        const next = new Set(now);
        next.delete(field);
        return next;
      }),
    [],
  );
  const invalid = (field: F) => (flagged.has(field) ? { "aria-invalid": true as const, "aria-describedby": describedBy } : {});
  return { container, flag, edited, invalid };
}
