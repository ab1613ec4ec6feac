/** Files picked or dropped together, sorted into a model the playground can load. */
export type PickedModel =
  | {
      /** A model saved by @shapes (the playground's Download, `shapes train`): its .json and weights files. */
      format: 'shapes-model';
      modelJson: File;
      /** The weights files, in the order the .json's manifest names them. */
      weights: File[];
    }
  | {
      /** Teachable Machine's export: model.json, weights.bin, and the metadata.json content. */
      format: 'teachable-machine';
      modelJson: File;
      weights: File[];
      /** metadata.json, parsed (its `labels` and `imageSize` are checked when the model loads). */
      metadata: unknown;
    };

const TM_FILES = "Teachable Machine's export is three files: model.json, weights.bin and metadata.json";

/**
 * Sorts `files` by content, not by name: the .json holding `modelTopology` is the model, the one holding `labels`
 * is Teachable Machine's metadata.json, and the .bin files its manifest names are the weights. Names may differ
 * from the defaults, since a browser download can be renamed (`shapes-model (1).json`).
 *
 * @throws Error saying which file is missing or not what it should be, and what to pick instead.
 */
export async function pickModelFiles(files: readonly File[]): Promise<PickedModel> {
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  const bins = files.filter((f) => f.name.toLowerCase().endsWith('.bin'));
  const others = files.filter((f) => !jsons.includes(f) && !bins.includes(f));
  if (others.length > 0) {
    throw new Error(
      `${others.map((f) => f.name).join(', ')}: not part of a model. Pick a model's .json file and its weights ` +
        `(.bin), or, for Teachable Machine, its three files: model.json, weights.bin and metadata.json.`,
    );
  }
  const parsed = await Promise.all(jsons.map(async (file) => ({ file, json: await readJson(file) })));
  const models = parsed.filter((p) => isObject(p.json) && 'modelTopology' in p.json);
  const tm = parsed.filter((p) => isObject(p.json) && 'labels' in p.json && !('modelTopology' in p.json));
  const unknown = parsed.filter((p) => !models.includes(p) && !tm.includes(p));
  if (unknown.length > 0) {
    throw new Error(
      `${unknown.map((p) => p.file.name).join(', ')}: neither a model's .json (it holds no modelTopology) nor ` +
        "Teachable Machine's metadata.json (it holds no labels).",
    );
  }
  if (tm.length > 1)
    throw new Error(`Pick one metadata.json (got ${tm.map((p) => p.file.name).join(', ')}).`);
  const model = models[0];
  if (!model) {
    throw new Error(
      tm.length > 0
        ? `${TM_FILES}; model.json is missing. Pick all three together.`
        : "No model's .json file among the files: pick it (model.json, or shapes-model.json as the Download " +
            'names it) with its weights file (.bin).',
    );
  }
  if (models.length > 1) {
    throw new Error(
      `Pick one model at a time: ${models.map((p) => p.file.name).join(' and ')} are each a model's .json.`,
    );
  }
  const json = model.json as {
    weightsManifest?: { paths?: unknown }[];
    userDefinedMetadata?: { shapes?: unknown };
  };
  const paths = (json.weightsManifest ?? []).flatMap((group) =>
    Array.isArray(group.paths) ? group.paths : [],
  );
  const names = paths.map((p) => String(p).split('/').pop() as string);
  const missing = names.filter((name) => !bins.some((f) => f.name === name));
  if (missing.length > 0) {
    throw new Error(
      tm.length > 0
        ? `${TM_FILES}; ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing. Pick all three together.`
        : `${model.file.name} needs its weights file ${missing.join(', ')}: pick it with the .json file.`,
    );
  }
  const weights = names.map((name) => bins.find((f) => f.name === name) as File);
  if (tm.length === 0 && json.userDefinedMetadata?.shapes === undefined) {
    throw new Error(
      `${model.file.name} has no @shapes metadata, so its classes are unknown. If it is a Teachable Machine ` +
        `export, pick its metadata.json too: ${TM_FILES}.`,
    );
  }
  return tm[0]
    ? { format: 'teachable-machine', modelJson: model.file, weights, metadata: tm[0].json }
    : { format: 'shapes-model', modelJson: model.file, weights };
}

async function readJson(file: File): Promise<unknown> {
  try {
    return JSON.parse(await file.text());
  } catch (error) {
    throw new Error(
      `${file.name} is not JSON (${(error as Error).message}); pick the files the export wrote.`,
    );
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
