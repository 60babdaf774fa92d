/**
 * A stack's Terraform JSON, assembled from its elements with cdktf's public API: each element's
 * `toTerraform()` resolved once and merged. `TerraformStack.toTerraform()` does the same and then
 * resolves the whole merged tree a second time; with no tokens left after the first pass that walk
 * changes nothing, and at 10,000 identities it cost a third of synth (bench/synth.ts).
 * test/synth/stack-json.test.ts pins the result to `TerraformStack.toTerraform()`, so a cdktf (or
 * CDK Terrain) upgrade that changes the assembly fails a test instead of changing the output.
 */
import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';

type Json = Record<string, unknown>;

export function stackJson(stack: TerraformStack, overrides: Json): Json {
  const resolver = new DefaultTokenResolver(new StringConcat());
  const resolve = (value: unknown) => Tokenization.resolve(value, { scope: stack, preparing: false, resolver }) as Json;
  const elements = terraformElements(stack);
  const metadata: Json = {
    version: stack.node.tryGetContext('cdktfVersion'),
    stackName: stack.node.id,
    backend: 'local',
    ...(Object.keys(overrides).length > 0 ? { overrides: { stack: Object.keys(overrides) } } : {}),
  };
  for (const element of elements) deepMerge(metadata, resolve(element.toMetadata()));
  // cdktf's map of outputs by construct path, which `cdktf output` reads.
  const outputs: Json = {};
  for (const element of elements.filter((e) => TerraformOutput.isTerraformOutput(e))) {
    deepMerge(outputs, element.node.path.split('/').reduceRight<Json | string>((inner, part) => ({ [part]: inner }), element.friendlyUniqueId) as Json);
  }
  const json: Json = { '//': { metadata, outputs } };
  for (const element of elements) deepMerge(json, resolve(element.toTerraform()));
  return deepMerge(json, overrides);
}

/** The stack's elements in construct order, as cdktf walks them (not into nested stacks). */
function terraformElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) if (!TerraformStack.isStack(child)) terraformElements(child, into);
  return into;
}

/** cdktf's merge: objects merge recursively, arrays concatenate, undefined deletes. */
function deepMerge(target: Json, source: Json): Json {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) delete target[key];
    else if (Array.isArray(value)) target[key] = Array.isArray(target[key]) ? [...(target[key] as unknown[]), ...value] : value;
    else if (value !== null && typeof value === 'object') {
      if (target[key] === null || typeof target[key] !== 'object' || Array.isArray(target[key])) target[key] = {};
      deepMerge(target[key] as Json, value as Json);
    } else target[key] = value;
  }
  return target;
}
