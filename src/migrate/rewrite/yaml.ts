// YAML files: the secret inside a scalar becomes the reference `aws-sm://<secret>#<key>`, except
//   - docker-compose files:  ${KEY:?run under leakguard exec to set it from aws-sm://...}
//     (compose interpolates the variable `leakguard exec` sets, and refuses to start without it:
//     never with the reference, which is public, as the value)
//   - Spring application*.yml: ${KEY} (no default: Spring will not start without it), the reference on a comment line above
//   - Rails YAML with ERB:   <%= ENV.fetch('KEY') { raise '... run under leakguard exec ... aws-sm://...' } %>
// Node ranges come from the `yaml` package, so only the scalar's characters change.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Rewriter } from '../types.js';
import { composeRequired, envNameForKey, railsRequired, READ_BY_APP_NOTE, springReferenceComment, springRequired } from '../references.js';
import { baseName } from './locate.js';
import { spliceRewrite } from './splice.js';

type YamlModule = typeof import('yaml');
let yamlMod: YamlModule | undefined;
async function loadYaml(): Promise<YamlModule> {
  if (!yamlMod) yamlMod = await import('yaml');
  return yamlMod;
}

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}
export function isComposePath(path: string): boolean {
  return /^(docker-)?compose([.-][^/]*)?\.ya?ml$/i.test(baseName(path));
}
export function isSpringPath(path: string): boolean {
  return /^(application|bootstrap)([-.][^/]*)?\.(ya?ml|properties)$/i.test(baseName(path));
}
function isRailsErb(path: string, text: string): boolean {
  return /<%/.test(text) && /(^|\/)config\/[^/]+\.ya?ml$/i.test(path);
}

interface Located {
  start: number;
  end: number;
  type: string;
}

async function parseYaml(text: string): Promise<{ error: string | null; scalars: Located[] }> {
  const Y = await loadYaml();
  const docs = Y.parseAllDocuments(text, { keepSourceTokens: false, uniqueKeys: false });
  const scalars: Located[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list) {
    const e = d.errors[0];
    if (e) return { error: e.message.split('\n')[0] ?? 'parse error', scalars };
    Y.visit(d, {
      Scalar(_k, node) {
        if (node.range) scalars.push({ start: node.range[0], end: node.range[1], type: String(node.type ?? '') });
      },
    });
  }
  return { error: null, scalars };
}

export const yamlRewriter: Rewriter = {
  id: 'yaml',
  handles: (path) => isYamlPath(path),
  async rewrite(req) {
    const parsed = await parseYaml(req.text);
    const compose = isComposePath(req.path);
    const spring = isSpringPath(req.path);
    const rails =
      !compose &&
      !spring &&
      (isRailsErb(req.path, req.text) ||
        (/(^|\/)config\/[^/]+\.ya?ml$/i.test(req.path) && existsSync(join(req.root, 'Gemfile')) && existsSync(join(req.root, 'config', 'application.rb'))));
    return spliceRewrite(req, {
      label: 'YAML',
      // compose, Spring and Rails read the variable leakguard exec sets (or refuse to start); any other YAML the app reads itself
      fileNote: compose || spring || rails ? undefined : READ_BY_APP_NOTE,
      readByApp: !(compose || spring || rails),
      check(span) {
        if (parsed.error) return `file does not parse (${parsed.error})`;
        const s = parsed.scalars.find((x) => span.start >= x.start && span.end <= x.end);
        if (!s) return 'value is not inside a scalar';
        if (s.type === 'BLOCK_LITERAL' || s.type === 'BLOCK_FOLDED') {
          if (span.item.finding.secret.includes('\n')) return 'multi-line block scalar';
        }
        // the reference's comment goes on the line above: the scalar must start on the value's line
        if (spring && req.text.slice(s.start, span.start).includes('\n')) return 'Spring value inside a multi-line scalar';
        const raw = req.text.slice(s.start, s.end);
        const inner = s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE' ? raw.slice(1, -1) : raw;
        return { whole: inner === span.item.finding.secret };
      },
      wrap(ref, span) {
        const env = envNameForKey(span.item.key);
        if (compose) return composeRequired(env, ref);
        if (spring) return springRequired(env);
        if (rails) return railsRequired(env, ref);
        return ref;
      },
      lineBefore(ref, span) {
        if (!spring) return undefined;
        const lineStart = req.text.lastIndexOf('\n', span.start - 1) + 1;
        const indent = /^[ \t]*/.exec(req.text.slice(lineStart, span.start))![0];
        return indent + springReferenceComment(envNameForKey(span.item.key), ref);
      },
      async validate(text) {
        // ERB files are templates: check the YAML after blanking ERB tags the way Rails would leave them.
        const t = rails ? text.replace(/<%=?[\s\S]*?%>/g, (m) => 'x'.repeat(m.length)) : text;
        return (await parseYaml(t)).error;
      },
    });
  },
  async validate(path, text) {
    const t = isRailsErb(path, text) ? text.replace(/<%=?[\s\S]*?%>/g, (m) => 'x'.repeat(m.length)) : text;
    return (await parseYaml(t)).error;
  },
};
