/** Dataset kinds this plugin defines (namespaced by the plugin id). */
export const KIND_CURVE = '__ID__.curve';
export const KIND_INTEGRAL = '__ID__.integral';
