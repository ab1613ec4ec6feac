import { describe, expect, it } from 'vitest';
import { grabFrame, hasWebcam } from './webcam.js';

describe('hasWebcam', () => {
  it('is true only where navigator.mediaDevices.getUserMedia exists', () => {
    expect(hasWebcam(undefined)).toBe(false);
    expect(hasWebcam({} as Navigator)).toBe(false);
    expect(hasWebcam({ mediaDevices: {} } as Navigator)).toBe(false);
    expect(
      hasWebcam({ mediaDevices: { getUserMedia: async () => new MediaStream() } } as unknown as Navigator),
    ).toBe(true);
  });
});

describe('grabFrame', () => {
  it('says in words what to do when the camera is refused or missing', async () => {
    const refusing = (name: string) =>
      ({
        mediaDevices: {
          getUserMedia: async () => {
            throw Object.assign(new Error('denied'), { name });
          },
        },
      }) as unknown as Navigator;
    await expect(grabFrame(refusing('NotAllowedError'))).rejects.toThrow(/not allowed to use the camera/);
    await expect(grabFrame(refusing('NotFoundError'))).rejects.toThrow(/No camera was found/);
    await expect(grabFrame(refusing('AbortError'))).rejects.toThrow(/camera could not start \(denied\)/);
  });
});
