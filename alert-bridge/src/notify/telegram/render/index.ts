export { DEFAULT_TEMPLATE } from './default-template.js';
export { escapeHtml } from './escape.js';
export { TELEGRAM_MESSAGE_LIMIT } from './limits.js';
export { defaultRenderer, loadRenderer, type MessageRenderer, type RenderedMessage, type RenderOptions } from './renderer.js';
export { TemplateError } from './template-error.js';
