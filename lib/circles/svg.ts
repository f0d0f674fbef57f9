// An SVG picture of a packing: the box, each circle, and its index.
import type { Packing } from "./packing.js";

export function packingToSvg(packing: Packing, options: { size?: number; title?: string } = {}): string {
  const size = options.size ?? 600;
  const scale = size / Math.max(packing.width, packing.height);
  const w = packing.width * scale;
  const h = packing.height * scale;
  const fmt = (v: number) => v.toFixed(2);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(w + 20)}" height="${fmt(h + 20)}" viewBox="-10 -10 ${fmt(w + 20)} ${fmt(h + 20)}">`,
    `<rect x="0" y="0" width="${fmt(w)}" height="${fmt(h)}" fill="white" stroke="black" stroke-width="1"/>`,
  ];
  if (options.title) parts.push(`<title>${options.title.replace(/[<&>]/g, "")}</title>`);
  for (let i = 0; i < packing.radii.length; i++) {
    // SVG's y axis points down; flip so that y = 0 is the bottom wall.
    const cx = (packing.centers[2 * i] as number) * scale;
    const cy = h - (packing.centers[2 * i + 1] as number) * scale;
    const r = Math.max(0, (packing.radii[i] as number) * scale);
    const hue = Math.round((i * 137.508) % 360);
    parts.push(
      `<circle cx="${fmt(cx)}" cy="${fmt(cy)}" r="${fmt(r)}" fill="hsl(${hue},60%,75%)" stroke="black" stroke-width="0.8"/>`,
      `<text x="${fmt(cx)}" y="${fmt(cy)}" font-size="${fmt(Math.max(6, r * 0.6))}" text-anchor="middle" dominant-baseline="central" font-family="sans-serif">${i}</text>`,
    );
  }
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
