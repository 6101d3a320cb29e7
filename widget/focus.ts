/**
 * Where focus goes inside `<healthex-connect>`. Focus only moves when the user's own action caused a
 * change (their button became disabled or disappeared) or when they come back from HealthEx; never
 * on a plain page load, and never away from something the user moved to meanwhile.
 */
export type FocusTarget = 'authorize' | 'confirm' | 'disconnect' | 'retry' | 'show-popup' | 'update';

/**
 * Whether the user's last input was a pointer, as the widget's root records it (`data-input`, kept by
 * input-modality.ts). WebKit keeps the keyboard's focus ring through a click on the already-focused
 * control and hands it on to focus moved by script, so after a click the widget says so itself
 * (`focusVisible: false`; engines without the option ignore it).
 */
function afterPointer(element: HTMLElement): boolean {
  return element.closest('[data-input]')?.getAttribute('data-input') === 'pointer';
}

/**
 * Focuses `element` with the ring only when the user is on the keyboard (see `afterPointer`). One already
 * focused with the ring (a dialog's first button, focused by showModal) is blurred first: focusing
 * it again would change nothing.
 */
export function focusElement(element: HTMLElement | null | undefined): void {
  if (!element) return;
  const pointer = afterPointer(element);
  if (pointer && element.matches(':focus-visible')) element.blur();
  element.focus(pointer ? ({ focusVisible: false } as FocusOptions) : undefined);
}

/** Focuses the first enabled button for `name` (the banner's comes first); false when there is none. */
export function focusAction(root: ParentNode, name: FocusTarget): boolean {
  const button = root.querySelector<HTMLButtonElement>(`[data-action='${name}']`);
  if (!button || button.disabled) return false;
  focusElement(button);
  return true;
}

export function focusBannerTitle(root: ParentNode): void {
  focusElement(root.querySelector<HTMLElement>('.banner-title'));
}

/** Focus is on the body, or on a control of the widget that is now disabled or gone. */
export function focusLost(host: HTMLElement): boolean {
  const active = document.activeElement;
  const inner = host.shadowRoot?.activeElement as HTMLButtonElement | null | undefined;
  return active === null || active === document.body || (active === host && (!inner || inner.disabled === true));
}

/** Moves focus to `preferred` (else Try again, else the banner title) only when it was lost. */
export function restoreFocus(host: HTMLElement, root: ParentNode, preferred: FocusTarget): void {
  if (!focusLost(host)) return;
  if (focusAction(root, preferred) || focusAction(root, 'retry')) return;
  focusBannerTitle(root);
}

/**
 * Back from HealthEx (redirect): the page loaded at its top with focus on the body. Bring the widget
 * into view and put focus on the banner's next action (Mark as connected, or Authorize again after a
 * refusal), else on its title.
 */
export function revealAfterReturn(host: HTMLElement, root: ParentNode): void {
  if (!focusLost(host)) return;
  if (!focusAction(root, 'confirm') && !focusAction(root, 'authorize')) focusBannerTitle(root);
  host.scrollIntoView({ block: 'start' });
}
