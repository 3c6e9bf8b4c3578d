// The app's right-click menu: Radix's primitive (arrow keys, typeahead, Escape, closes on a click
// outside) around any area, in the style of the drop-down menu.
import * as RadixContextMenu from "@radix-ui/react-context-menu";
import type { ReactElement } from "react";

import type { MenuItem } from "./Menu";

export function ContextMenu({ children, items }: { children: ReactElement; items: (MenuItem & { disabled?: boolean })[] }) {
  return (
    <RadixContextMenu.Root modal={false}>
      <RadixContextMenu.Trigger asChild>{children}</RadixContextMenu.Trigger>
      <RadixContextMenu.Portal>
        <RadixContextMenu.Content className="menu">
          {items.map((item) => (
            <RadixContextMenu.Item
              key={item.key}
              className="menu-item"
              disabled={item.disabled}
              onSelect={item.onSelect}
              {...item.data}
            >
              {item.label}
            </RadixContextMenu.Item>
          ))}
        </RadixContextMenu.Content>
      </RadixContextMenu.Portal>
    </RadixContextMenu.Root>
  );
}
