/**
 * Whether the user's last input was a pointer or the keyboard, written on the widget's root as
 * `data-input`, so that focus the widget moves to status text after a mouse click shows no ring while
 * keyboard users still see one. `:focus-visible` alone cannot tell: browsers match it for script focus
 * on a `tabindex="-1"` element after the clicked button is disabled or removed.
 */
export function trackInputModality(host: HTMLElement): () => void {
  const mark = (input: 'pointer' | 'keyboard') => () => host.shadowRoot?.querySelector('.root')?.setAttribute('data-input', input);
  const pointer = mark('pointer');
  const keyboard = mark('keyboard');
  // Capture on the window: a Tab pressed outside the widget counts, and nothing can stop it first.
  window.addEventListener('pointerdown', pointer, true);
  window.addEventListener('keydown', keyboard, true);
  return () => {
    window.removeEventListener('pointerdown', pointer, true);
    window.removeEventListener('keydown', keyboard, true);
  };
}
