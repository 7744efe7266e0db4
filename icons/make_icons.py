"""Writes Daicho's app icons (RGBA PNGs and icon.ico) with the standard library only.

Run: python3 icons/make_icons.py  — a blue rounded square with a white ledger mark.
"""
import struct, zlib, os

HERE = os.path.dirname(os.path.abspath(__file__))

def pixel(x, y, n):
    r = n * 0.18
    def inside_round(px, py):
        cx = min(max(px, r), n - r)
        cy = min(max(py, r), n - r)
        return (px - cx) ** 2 + (py - cy) ** 2 <= r * r
    if not inside_round(x + 0.5, y + 0.5):
        return (0, 0, 0, 0)
    u, v = x / n, y / n
    # white "ledger": a page with three ruled lines
    if 0.25 <= u <= 0.75 and 0.2 <= v <= 0.8:
        for ly in (0.35, 0.5, 0.65):
            if abs(v - ly) < 0.035 and 0.32 <= u <= 0.68:
                return (30, 90, 170, 255)
        return (255, 255, 255, 255)
    return (30, 90, 170, 255)

def png(n):
    raw = b"".join(b"\x00" + b"".join(bytes(pixel(x, y, n)) for x in range(n)) for y in range(n))
    def chunk(t, d):
        c = struct.pack(">I", len(d)) + t + d
        return c + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

def main():
    for name, n in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(png(n))
    sizes = [16, 32, 48, 256]
    images = [png(s) for s in sizes]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries = b""
    for s, data in zip(sizes, images):
        entries += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    with open(os.path.join(HERE, "icon.ico"), "wb") as f:
        f.write(header + entries + b"".join(images))

if __name__ == "__main__":
    main()
