// The app's drop-down menu: Radix's primitive (arrow keys, typeahead, Escape, focus back to the
// trigger, closes on a click outside) in the app's style.
import * as RadixMenu from "@radix-ui/react-dropdown-menu";
import type { ReactElement } from "react";

export interface MenuItem {
  key: string;
  label: string;
  onSelect: () => void;
  /** Extra attributes for tests and styling (`data-*`). */
  data?: Record<`data-${string}`, string>;
}

export function Menu({ trigger, items }: { trigger: ReactElement; items: MenuItem[] }) {
  return (
    <RadixMenu.Root modal={false}>
      <RadixMenu.Trigger asChild>{trigger}</RadixMenu.Trigger>
      <RadixMenu.Portal>
        <RadixMenu.Content className="menu" align="end" sideOffset={4}>
          {items.map((item) => (
            <RadixMenu.Item key={item.key} className="menu-item" onSelect={item.onSelect} {...item.data}>
              {item.label}
            </RadixMenu.Item>
          ))}
        </RadixMenu.Content>
      </RadixMenu.Portal>
    </RadixMenu.Root>
  );
}
