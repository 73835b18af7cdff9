#!/usr/bin/env node
// Draws the app icons (web/public/icons/*.png) from the two SVGs next to them: the window's and
// installer's icon at every size the manifest and the Linux icon theme ask for, and the maskable
// one (full bleed, for launchers that cut their own shape). Run after changing an SVG; the PNGs
// are committed so the build needs no image library.
import sharp from 'sharp';

export const ICON_SIZES = [48, 64, 128, 192, 256, 512];
const dir = 'web/public/icons';

for (const size of ICON_SIZES) {
  await sharp(`${dir}/cowork.svg`, { density: 300 })
    .resize(size, size)
    .png()
    .toFile(`${dir}/cowork-${size}.png`);
}
for (const size of [192, 512]) {
  await sharp(`${dir}/cowork-maskable.svg`, { density: 300 })
    .resize(size, size)
    .png()
    .toFile(`${dir}/cowork-maskable-${size}.png`);
}
