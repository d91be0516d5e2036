# Draws Cairn's app icon (stacked stones on a teal tile) as icon.png with only the standard
# library: `python3 src-tauri/icons/generate.py src-tauri/icons/icon.png`. ui/icon.png is a copy.
import zlib, struct, sys
N = 512; S = 3  # supersampling
def inside_rrect(x, y, r, x0, y0, x1, y1):
    if x < x0 or x > x1 or y < y0 or y > y1: return False
    cx = min(max(x, x0 + r), x1 - r); cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
# stones: (cx, cy, rx, ry, colour)
stones = [
    (256, 392, 170, 62, (0x5b, 0x6b, 0x5d)),
    (250, 290, 128, 50, (0x7d, 0x8c, 0x74)),
    (262, 202, 92, 42, (0xa3, 0xae, 0x91)),
    (254, 130, 58, 32, (0xd4, 0xc9, 0xa8)),
]
bg_top = (0x1f, 0x4e, 0x5f); bg_bot = (0x12, 0x2f, 0x3b)
rows = []
for py in range(N):
    row = bytearray([0])
    for px in range(N):
        acc = [0, 0, 0, 0]
        for sy in range(S):
            for sx in range(S):
                x = px + (sx + 0.5) / S; y = py + (sy + 0.5) / S
                col = None
                if inside_rrect(x, y, 96, 16, 16, N - 16, N - 16):
                    t = y / N
                    col = tuple(int(bg_top[i] * (1 - t) + bg_bot[i] * t) for i in range(3))
                    for cx, cy, rx, ry, c in stones:
                        d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2
                        if d <= 1:
                            shade = 1.0 + 0.18 * max(0.0, -(y - cy) / ry) - 0.12 * max(0.0, (y - cy) / ry)
                            col = tuple(min(255, int(v * shade)) for v in c)
                if col:
                    acc[0] += col[0]; acc[1] += col[1]; acc[2] += col[2]; acc[3] += 255
        n = S * S
        a = acc[3] // n
        if a:
            row += bytes([acc[0] * 255 // acc[3], acc[1] * 255 // acc[3], acc[2] * 255 // acc[3], a])
        else:
            row += b"\0\0\0\0"
    rows.append(bytes(row))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
