// The backend as the UI's tests meet it: every command a typed mock (`vi.fn`), made on first
// use and answering undefined until a test says otherwise. A test file swaps it in with
//   vi.mock("<path>/lib/backend", async (original) => ({ ...(await original()), backend: (await import("<path>/test/fakeBackend")).fakeBackend }));
// and sets answers on `fakeBackend` with the real commands' types.
import { vi, type Mocked } from "vitest";

import type { backend as realBackend } from "../lib/backend";

type Backend = typeof realBackend;

const made = new Map<PropertyKey, unknown>();

export const fakeBackend: Mocked<Backend> = new Proxy({} as Mocked<Backend>, {
  get(_, command) {
    if (!made.has(command)) made.set(command, vi.fn());
    return made.get(command);
  },
});
