import Handlebars from 'handlebars';
import { telegramHtmlProblem } from './telegram-html.js';
import { TemplateError } from './template-error.js';

/**
 * A message template file: Handlebars inline partials, one per kind of block (see default-template.ts
 * for the fields each one sees). Each partial is compiled on its own, so that the bridge can render
 * one alert at a time and cut messages between alerts; partials may call each other (`{{> name}}`).
 */

export const PARTIAL_NAMES = [
  'firing_header',
  'firing_alert',
  'resolved_header',
  'resolved_alert',
  'digest_header',
  'digest_section',
  'digest_alert',
] as const;

export type PartialName = (typeof PARTIAL_NAMES)[number];

export interface MessageTemplate {
  /** The file, or "built-in", for error messages. */
  readonly origin: string;
  /** The partial for `view`, trimmed; a TemplateError when it fails or is not Telegram HTML. */
  render(name: PartialName, view: object): string;
}

type Node = hbs.AST.Statement & { type: string; loc: hbs.AST.SourceLocation };

function inlinePartialName(node: Node): string | undefined {
  if (node.type !== 'DecoratorBlock') return undefined;
  const block = node as hbs.AST.BlockStatement;
  const [name] = block.params;
  if (block.path.original !== 'inline' || name?.type !== 'StringLiteral') return undefined;
  return (name as hbs.AST.StringLiteral).value;
}

/** The file's inline partials; anything else at the top level but comments and blank space is refused, since it would never be shown. */
function inlinePartials(source: string, origin: string): Map<string, hbs.AST.Program> {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (error) {
    throw new TemplateError(origin, `Handlebars syntax error: ${(error as Error).message}`);
  }
  const partials = new Map<string, hbs.AST.Program>();
  for (const statement of ast.body) {
    const node = statement as Node;
    const name = inlinePartialName(node);
    if (name !== undefined) {
      if (partials.has(name)) throw new TemplateError(origin, `line ${node.loc.start.line}: partial "${name}" is defined twice`);
      partials.set(name, (node as hbs.AST.BlockStatement).program);
    } else if (node.type === 'ContentStatement' && (node as hbs.AST.ContentStatement).value.trim() !== '') {
      throw new TemplateError(origin, `line ${node.loc.start.line}: text outside {{#*inline}} partials is never shown`);
    } else if (node.type !== 'ContentStatement' && node.type !== 'CommentStatement') {
      throw new TemplateError(origin, `line ${node.loc.start.line}: only {{#*inline "name"}} partials and comments belong at the top level`);
    }
  }
  const missing = PARTIAL_NAMES.filter((name) => !partials.has(name));
  if (missing.length > 0) {
    const list = missing.map((name) => `"${name}"`).join(', ');
    throw new TemplateError(origin, `missing partial${missing.length > 1 ? 's' : ''} ${list} (a template defines ${PARTIAL_NAMES.join(', ')})`);
  }
  return partials;
}

/** Compiles a template file's text; `origin` names it in errors. Checks its structure, not its output (template-check.ts does). */
export function compileMessageTemplate(source: string, origin: string): MessageTemplate {
  // An environment of its own: partials of one template never leak into another's.
  const environment = Handlebars.create();
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  for (const [name, program] of inlinePartials(source, origin)) {
    // The AST comes from Handlebars.parse of the file, so compiling it is compiling the file's text.
    // Strict: a misspelt field fails on the samples at load instead of showing nothing in every alert.
    const template = environment.compile(program, { preventIndent: true, strict: true });
    compiled.set(name, template);
    environment.registerPartial(name, template);
  }
  return {
    origin,
    render(name, view) {
      const template = compiled.get(name);
      if (template === undefined) throw new TemplateError(origin, `partial "${name}" is missing`);
      let html: string;
      try {
        html = template(view).trim();
      } catch (error) {
        throw new TemplateError(origin, `partial "${name}" failed: ${(error as Error).message}`);
      }
      const problem = telegramHtmlProblem(html);
      if (problem !== undefined) throw new TemplateError(origin, `partial "${name}" renders invalid Telegram HTML: ${problem}`);
      return html;
    },
  };
}
