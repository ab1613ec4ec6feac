/** Whether this browser can open a camera at all (it may still refuse, or have none plugged in). */
export function hasWebcam(nav: Navigator | undefined = globalThis.navigator): boolean {
  return typeof nav?.mediaDevices?.getUserMedia === 'function';
}

/**
 * Opens the camera, takes one frame and closes it again: the camera light stays on for a moment, not for as long
 * as the page is open. The frame is a bitmap, so it can be classified again when the model changes.
 *
 * @throws Error saying that the camera was refused or is missing, in words a person can act on.
 */
export async function grabFrame(nav: Navigator = navigator): Promise<ImageBitmap> {
  let stream: MediaStream;
  try {
    stream = await nav.mediaDevices.getUserMedia({ video: true, audio: false });
  } catch (error) {
    const name = (error as { name?: string }).name;
    throw new Error(
      name === 'NotAllowedError'
        ? 'The browser was not allowed to use the camera: allow it in the address bar and try again.'
        : name === 'NotFoundError'
          ? 'No camera was found: plug one in, or upload a photo instead.'
          : `The camera could not start (${String((error as Error).message ?? error)}).`,
    );
  }
  try {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    const loaded = new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
    await video.play();
    // HAVE_CURRENT_DATA: play() can resolve before the first frame is there to copy.
    if (video.readyState < 2) await loaded;
    return await createImageBitmap(video);
  } finally {
    for (const track of stream.getTracks()) track.stop();
  }
}
