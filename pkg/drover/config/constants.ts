// Names Drover's UI uses in more than one place, each defined once.

/** The extension's product and package name. */
export const PRODUCT = 'drover';

/** Where the chart installs the backend: namespace, Service name and port (helm/drover). */
export const BACKEND_NAMESPACE = 'cattle-system';
export const BACKEND_SERVICE = 'drover';
export const BACKEND_PORT = 8055;
