// Camera: a live view (frames fetched one after another while the card is open) and a snapshot
// download of the current frame.
import { CameraClient, type RobotClient } from '@viamrobotics/sdk';
import { CardShell, type Card, type ResourceInfo } from '../card';
import { h } from '../dom';

export function cameraCard(robot: RobotClient, info: ResourceInfo): Card {
  const camera = new CameraClient(robot, info.name);
  const card = new CardShell(info, camera);
  const img = h('img', { class: 'frame', 'data-role': 'frame', alt: `${info.name} live view` });
  const live = h('input', { type: 'checkbox', 'data-role': 'live', checked: true });
  const caption = h('span', { class: 'caption', 'data-role': 'frame-info' }, 'waiting for a frame');
  let url = '';
  let mime = 'image/jpeg';
  let blob: Blob | null = null;
  let running = false;

  const grab = async (): Promise<void> => {
    const { images } = await camera.getImages();
    const first = images[0];
    if (first === undefined) throw new Error('the camera returned no image');
    mime = first.mimeType || 'image/jpeg';
    blob = new Blob([first.image.slice()], { type: mime });
    const next = URL.createObjectURL(blob);
    await new Promise<void>((resolve) => {
      img.onload = () => resolve();
      img.onerror = () => resolve();
      img.src = next;
    });
    if (url) URL.revokeObjectURL(url);
    url = next;
    caption.textContent = `${img.naturalWidth}×${img.naturalHeight} ${mime} · ${new Date().toLocaleTimeString()}`;
  };
  const loop = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      while (live.checked && card.el.isConnected) {
        try {
          await grab();
          card.error(null);
        } catch (err) {
          card.error(err);
          await new Promise((r) => setTimeout(r, 1000));
        }
        await new Promise((r) => setTimeout(r, 66));
      }
    } finally {
      running = false;
    }
  };
  live.addEventListener('change', () => void loop());
  const download = card.button('Download snapshot', 'snapshot', async () => {
    if (!live.checked || blob === null) await grab();
    if (blob === null) throw new Error('no frame yet');
    const a = h('a', { href: URL.createObjectURL(blob), download: `${info.name}-${Date.now()}.${mime.split('/')[1] ?? 'jpg'}` });
    document.body.append(a);
    a.click();
    a.remove();
  });
  card.body.append(
    img,
    h('div', { class: 'row' }, h('label', { class: 'toggle' }, live, ' Live'), caption, download),
  );
  setTimeout(() => void loop(), 0);
  return { el: card.el };
}
