// The "Ask Drover" buttons beside failing badges (see badge-hooks.ts): one per hook, placed beside the shell's own
// element, gone when its resource recovers. Rancher's button classes and theme variables: light and dark alike.
import type { Store } from 'vuex';
import { WHY_FAILING } from './asks';
import type { BadgeHook } from './badge-hooks';
import { askAbout } from './dashboard-store';

const BUTTON_CLASS = 'drover-badge-ask';
const HOOK_ATTRIBUTE = 'data-drover-hook';

/** The shell's hook ids are random letters; anything else is not looked up (it goes into a selector). */
const SAFE_ID = /^[\w-]+$/;
const hookElement = (hookId: string) => document.querySelector<HTMLElement>(`[ux-context-hook-id="${ hookId }"]`);

function askButton(store: Store<any>, hook: BadgeHook): HTMLButtonElement { // eslint-disable-line @typescript-eslint/no-explicit-any
  const t = (key: string, args?: Record<string, unknown>) => store.getters['i18n/t'](key, args) as string;
  const button = document.createElement('button');
  const icon = document.createElement('i');
  const label = document.createElement('span');

  button.type = 'button';
  button.className = `btn btn-sm role-link ${ BUTTON_CLASS }`;
  button.setAttribute(HOOK_ATTRIBUTE, hook.hookId);
  button.setAttribute('data-testid', 'drover-badge-ask');
  button.title = t('drover.badge.tooltip', { name: hook.resource.metadata?.name ?? '' });
  Object.assign(button.style, {
    marginLeft: '6px', padding: '0 4px', minHeight: '0', lineHeight: 'inherit', verticalAlign: 'middle', color: 'var(--link)',
  });
  icon.className = 'icon icon-ai';
  icon.setAttribute('aria-hidden', 'true');
  label.textContent = ` ${ t('drover.badge.label') }`;
  button.append(icon, label);
  button.addEventListener('click', (event) => {
    // The row or the masthead around it has its own click (select the row, open the object).
    event.stopPropagation();
    event.preventDefault();
    askAbout(WHY_FAILING, store, hook.resource);
  });

  return button;
}

/** Adds a button to each failing badge that has none, and removes those whose badge is no longer failing. */
export function placeAskButtons(store: Store<any>, hooks: BadgeHook[]): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const wanted = new Set(hooks.map((h) => h.hookId));

  for (const button of document.querySelectorAll(`.${ BUTTON_CLASS }`)) {
    if (!wanted.has(button.getAttribute(HOOK_ATTRIBUTE) ?? '')) button.remove();
  }
  for (const hook of hooks.filter((h) => SAFE_ID.test(h.hookId))) {
    const element = hookElement(hook.hookId);

    if (!element || document.querySelector(`[${ HOOK_ATTRIBUTE }="${ hook.hookId }"]`)) continue;
    // A list's state cell takes the button inside it; the masthead's badge, beside it.
    if (element.tagName === 'TD') element.append(askButton(store, hook));
    else element.after(askButton(store, hook));
  }
}
