// Extension entry: wiring only. Types under l10n/ (and later list/detail/edit/models) are registered by
// importTypes; the chat panel and its actions are added here as they land.
import { importTypes } from '@rancher/auto-import';
import { IPlugin } from '@shell/core/types';

export default function(plugin: IPlugin): void {
  importTypes(plugin);
  plugin.metadata = require('./package.json');
}
