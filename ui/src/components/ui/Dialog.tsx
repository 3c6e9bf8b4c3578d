// The app's dialog: Radix's primitive (focus trapped inside, focus back where it was on close,
// Escape and a click outside close it, announced as a modal dialog) in the app's style.
import * as RadixDialog from "@radix-ui/react-dialog";
import { useEffect, type ReactNode } from "react";

let openDialogs = 0;
/** Escape presses a dialog closed itself on (it may be gone by the time others see them). */
const escapesTaken = new WeakSet<Event>();

/**
 * True when a dialog is open or has just taken this key press: global shortcuts (Escape cancels
 * the running query) then leave it to the dialog.
 */
export function dialogOwns(event: Event): boolean {
  return openDialogs > 0 || escapesTaken.has(event);
}

interface Props {
  title: string;
  /** Visible heading; with false the title is only announced (the content has its own). */
  showTitle?: boolean;
  onClose: () => void;
  className?: string;
  testId?: string;
  children: ReactNode;
}

/** An open dialog: render it to open it, stop rendering it (after `onClose`) to close it. */
export function Dialog({ title, showTitle = true, onClose, className, testId, children }: Props) {
  useEffect(() => {
    openDialogs += 1;
    return () => {
      openDialogs -= 1;
    };
  }, []);
  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="modal-backdrop" />
        <RadixDialog.Content
          className={className ? `modal ${className}` : "modal"}
          data-testid={testId}
          aria-describedby={undefined}
          onEscapeKeyDown={(e) => escapesTaken.add(e)}
        >
          <RadixDialog.Title className={showTitle ? undefined : "visually-hidden"}>{title}</RadixDialog.Title>
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** A button that closes the dialog it is in. */
export const DialogClose = RadixDialog.Close;
