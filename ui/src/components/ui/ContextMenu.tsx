// The app's right-click menu: Radix's primitive (arrow keys, typeahead, Escape, closes on a click
// outside) around any area, in the style of the drop-down menu.
import * as RadixContextMenu from "@radix-ui/react-context-menu";
import { Fragment, type ReactElement } from "react";

import type { MenuItem } from "./Menu";

export type ContextMenuItem = MenuItem & { disabled?: boolean; /** A line above it, starting a group. */ separatorBefore?: boolean };

export function ContextMenu({ children, items }: { children: ReactElement; items: ContextMenuItem[] }) {
  return (
    <RadixContextMenu.Root modal={false}>
      <RadixContextMenu.Trigger asChild>{children}</RadixContextMenu.Trigger>
      <RadixContextMenu.Portal>
        <RadixContextMenu.Content className="menu">
          {items.map((item) => (
            <Fragment key={item.key}>
              {item.separatorBefore && <RadixContextMenu.Separator className="menu-separator" />}
              <RadixContextMenu.Item className="menu-item" disabled={item.disabled} onSelect={item.onSelect} {...item.data}>
                {item.label}
              </RadixContextMenu.Item>
            </Fragment>
          ))}
        </RadixContextMenu.Content>
      </RadixContextMenu.Portal>
    </RadixContextMenu.Root>
  );
}
