// Validates, offline, every object of rendered Kubernetes manifests and every compose file:
//   node validate.mjs --k8s rendered-dev.yaml rendered-prod.yaml --compose ../../docker-compose.yml
// Built-in kinds: the kubernetes-models package's schemas (types, required fields, enums,
// formats). Custom resources (Strimzi, the Redis operator): their CRDs' schemas in schemas/, with
// unknown fields refused (the API server would silently prune them). Compose files: the Compose
// Specification's JSON schema. Prints one line per file and a closing "N passed, N failed";
// exits 1 if anything failed or a kind has no schema here.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));

function ajv() {
  const a = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  addFormats(a);
  // Kubernetes' own formats, which the API server checks; accepted here as strings.
  for (const f of ["int32", "int64", "double", "float", "byte", "int-or-string", "quantity"]) {
    a.addFormat(f, true);
  }
  return a;
}

/** additionalProperties: false wherever a CRD schema lists properties and allows nothing else. */
function closed(schema) {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== "object") return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) out[k] = closed(v);
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    !out["x-kubernetes-preserve-unknown-fields"]
  ) {
    out.additionalProperties = false;
  }
  return out;
}

const crdValidators = new Map();
{
  const a = ajv();
  for (const file of readdirSync(join(here, "schemas"))) {
    const m = file.match(/^(.+)_(v[^_]+)_(.+)\.json$/);
    if (!m) continue;
    const schema = closed(JSON.parse(readFileSync(join(here, "schemas", file), "utf8")));
    // apiVersion, kind and metadata are checked by the API server, not the CRD schema.
    schema.properties = {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object" },
      ...schema.properties,
    };
    crdValidators.set(`${m[1]}/${m[2]}:${m[3]}`, a.compile(schema));
  }
}

async function builtInModel(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  try {
    const module = await import(`kubernetes-models/${group ? group + "/" : ""}${version}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

function describe(errors) {
  return errors
    .map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`)
    .join("; ");
}

async function validateObject(obj) {
  if (!obj || typeof obj !== "object") return "not an object";
  const { apiVersion, kind } = obj;
  if (!apiVersion || !kind) return "no apiVersion or kind";
  if (!obj.metadata?.name) return "no metadata.name";
  const crd = crdValidators.get(`${apiVersion}:${kind}`);
  if (crd) return crd(obj) ? null : describe(crd.errors);
  const Model = await builtInModel(apiVersion, kind);
  if (!Model) return `no schema for ${apiVersion} ${kind}`;
  try {
    new Model(obj).validate();
    return null;
  } catch (e) {
    return e.message;
  }
}

const args = process.argv.slice(2);
let mode = "--k8s";
let passed = 0;
let failed = 0;
const composeSchema = JSON.parse(readFileSync(join(here, "schemas/compose-spec.json"), "utf8"));
delete composeSchema.$schema; // draft-07, Ajv's default dialect
const compose = ajv().compile(composeSchema);

for (const arg of args) {
  if (arg === "--k8s" || arg === "--compose") {
    mode = arg;
    continue;
  }
  const text = readFileSync(arg, "utf8");
  const docs = parseAllDocuments(text, { merge: true });
  for (const [i, doc] of docs.entries()) {
    if (doc.errors.length) {
      failed++;
      console.log(`FAIL ${arg}#${i}: ${doc.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const obj = doc.toJS({ maxAliasCount: -1 });
    if (obj == null) continue;
    let problem;
    let name;
    if (mode === "--compose") {
      name = `${arg} (compose)`;
      problem = compose(obj) ? null : describe(compose.errors);
    } else {
      name = `${arg} ${obj.kind}/${obj.metadata?.name}`;
      problem = await validateObject(obj);
    }
    if (problem) {
      failed++;
      console.log(`FAIL ${name}: ${problem}`);
    } else {
      passed++;
      console.log(`ok   ${name}`);
    }
  }
}
console.log(`validate: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
