// Builds the backend (and with it the drover CLI) when its sources changed since the last build.
import { ensureBuilt } from './services';

ensureBuilt('extension-backend', 'dist/main.js', ['extension-backend/src', 'extension-backend/protocol/src']);
