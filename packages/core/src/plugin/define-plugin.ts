import type { Plugin, PluginDefinition } from './contract';
import { validatePluginDefinition } from './validate';

/**
 * Declares a plugin. Validates the definition at once (ids namespaced under the plugin id, unique,
 * functions present, zod param schemas) so a plugin author sees a clear error at import time.
 * The API version is checked again when a registry registers it.
 *
 * @example
 * export default definePlugin({ id: 'impedance', name: 'EIS', version, apiVersion: '^1', readers: [...] });
 */
export function definePlugin<const T extends PluginDefinition>(definition: T): T & Plugin {
  validatePluginDefinition(definition, definition?.id ?? '(unnamed plugin)');
  return Object.freeze({ ...definition, __ionscopePlugin: true as const });
}

export function isPlugin(value: unknown): value is Plugin {
  return typeof value === 'object' && value !== null && (value as Plugin).__ionscopePlugin === true;
}
