import { describe, expect, it } from 'vitest';
import { pickModelFiles } from './picked-model.js';

const json = (name: string, value: unknown) => new File([JSON.stringify(value)], name);
const bin = (name: string) => new File([new Uint8Array(8)], name);

/** A model.json as tfjs writes it, its manifest naming `weights`, with or without @shapes metadata. */
const modelJson = (name: string, weights: string, shapes?: object) =>
  json(name, {
    modelTopology: {},
    weightsManifest: [{ paths: [weights], weights: [] }],
    ...(shapes ? { userDefinedMetadata: { shapes } } : {}),
  });
const tmMetadata = () => json('metadata.json', { labels: ['circle', 'square'], imageSize: 224 });

describe('pickModelFiles', () => {
  it("takes a saved model's .json and weights, finding the weights by the manifest, not the order", async () => {
    const weights = bin('shapes-model.weights.bin');
    const model = modelJson('shapes-model.json', './shapes-model.weights.bin', { format: 'shapes-model' });
    const picked = await pickModelFiles([weights, model]);
    expect(picked).toEqual({ format: 'shapes-model', modelJson: model, weights: [weights] });
  });

  it("takes Teachable Machine's three files, in any order and named as they like, with metadata.json parsed", async () => {
    const weights = bin('weights.bin');
    const model = modelJson('my-model.json', 'weights.bin');
    const picked = await pickModelFiles([tmMetadata(), weights, model]);
    expect(picked).toMatchObject({ format: 'teachable-machine', modelJson: model, weights: [weights] });
    expect(picked.format === 'teachable-machine' && picked.metadata).toEqual({
      labels: ['circle', 'square'],
      imageSize: 224,
    });
  });

  it('says which of the files is missing', async () => {
    const model = () => modelJson('model.json', 'weights.bin');
    await expect(pickModelFiles([tmMetadata(), bin('weights.bin')])).rejects.toThrow(
      /three files: model\.json, weights\.bin and metadata\.json; model\.json is missing\. Pick all three together/,
    );
    await expect(pickModelFiles([tmMetadata(), model()])).rejects.toThrow(/; weights\.bin is missing/);
    await expect(pickModelFiles([model(), bin('weights.bin')])).rejects.toThrow(
      /model\.json has no @shapes metadata.* pick its metadata\.json too/,
    );
    await expect(pickModelFiles([modelJson('a.json', 'a.bin', {}), bin('b.bin')])).rejects.toThrow(
      /a\.json needs its weights file a\.bin: pick it with the \.json file/,
    );
    await expect(pickModelFiles([])).rejects.toThrow(/No model's \.json file/);
  });

  it('names files that are not what a model is made of', async () => {
    await expect(pickModelFiles([new File(['x'], 'photo.png')])).rejects.toThrow(
      /photo\.png: not part of a model/,
    );
    await expect(pickModelFiles([new File(['{'], 'model.json')])).rejects.toThrow(/model\.json is not JSON/);
    await expect(pickModelFiles([json('notes.json', { hello: 1 })])).rejects.toThrow(
      /notes\.json: neither a model's \.json .* nor Teachable Machine's metadata\.json/,
    );
    const two = [modelJson('a.json', 'w.bin', {}), modelJson('b.json', 'w.bin', {}), bin('w.bin')];
    await expect(pickModelFiles(two)).rejects.toThrow(/one model at a time: a\.json and b\.json/);
  });
});
