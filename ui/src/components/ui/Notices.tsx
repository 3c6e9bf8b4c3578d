// Notices (sonner's toasts in the app's style): information fades after a few seconds, errors
// stay until dismissed, every one has a close button, and screen readers hear them.
import { Toaster, toast } from "sonner";

export type Tone = "info" | "error";

const INFO_MS = 5000;

export function notify(tone: Tone, text: string): void {
  if (tone === "error") toast.error(text, { duration: Infinity });
  else toast(text, { duration: INFO_MS });
}

export function Notices({ dark }: { dark: boolean }) {
  return (
    <Toaster
      position="bottom-right"
      theme={dark ? "dark" : "light"}
      closeButton
      visibleToasts={5}
      toastOptions={{ classNames: { toast: "notice", error: "error" } }}
    />
  );
}
