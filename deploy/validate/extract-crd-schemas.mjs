// Turns CustomResourceDefinitions into the JSON schemas validate.mjs uses, one per kind and served
// version, without descriptions (the schema is what matters; the CRD keeps the prose).
//   node extract-crd-schemas.mjs <crd.yaml>...   (writes schemas/<group>_<version>_<Kind>.json)
import { readFileSync, writeFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === "object") {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "description" && typeof v === "string") continue;
      out[k] = strip(v);
    }
    return out;
  }
  return node;
}

for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const crd = doc.toJS();
    if (!crd || crd.kind !== "CustomResourceDefinition") continue;
    const { group, names } = crd.spec;
    for (const version of crd.spec.versions.filter((v) => v.served)) {
      const name = `schemas/${group}_${version.name}_${names.kind}.json`;
      writeFileSync(name, JSON.stringify(strip(version.schema.openAPIV3Schema)) + "\n");
      console.log(`${name}`);
    }
  }
}
