// Names Drover's UI uses in more than one place, each defined once.

/** The extension's product and package name. */
export const PRODUCT = 'drover';

/** The vuex module other extensions dispatch to: `drover/open`, `drover/close`, `drover/toggle`. */
export const STORE_NS = 'drover';

/** The chat panel, as registered with the shell and opened in the window manager (one tab, always this id). */
export const PANEL_COMPONENT = 'DroverChat';
export const PANEL_TAB_ID = 'drover-chat';

/**
 * The header button's shortcut: Alt-Shift-D (Alt-D alone focuses the browser's address bar); Ctrl-Shift-D on a Mac,
 * where Option-Shift-D types a character instead of a key the shell's shortcut handler matches.
 */
export const PANEL_SHORTCUT = { windows: ['alt', 'shift', 'd'], mac: ['ctrl', 'shift', 'd'] };

/** The docked panel's share of the window when it first opens; the user resizes it from there. */
export const PANEL_WIDTH_SHARE = 1 / 3;

/** Where the chart installs the backend: namespace, Service name and port (helm/drover). */
export const BACKEND_NAMESPACE = 'cattle-system';
export const BACKEND_SERVICE = 'drover';
export const BACKEND_PORT = 8055;

/** The kind Drover's results give a Helm release (its MCP server's `releaseRef`); Rancher lists releases as Apps of this type. */
export const HELM_RELEASE_KIND = 'HelmRelease';
export const HELM_APP_TYPE = 'catalog.cattle.io.app';

/** The MCP tool the cluster dashboard's card reads the cluster's diagnosis with (what `/diagnose -A` runs). */
export const DIAGNOSE_TOOL = 'k8s_diagnose';
