"""Pictures for the demo, drawn with Pillow: a park, a library, a street, new homes, a playground.

Every scene is drawn from shapes and gradients with a seeded random generator, so the same
name always gives the same picture and nothing is downloaded or stored in the repository.
``draw(name)`` returns JPEG bytes; ``SCENES`` lists the names.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1200, 675

SKY = ((118, 170, 222), (214, 232, 246))
GRASS = ((120, 170, 84), (74, 128, 56))


def _gradient(draw, box, top, bottom):
    left, y0, right, y1 = box
    span = max(1, y1 - y0)
    for y in range(y0, y1):
        t = (y - y0) / span
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(left, y), (right, y)], fill=colour)


def _shade(colour, amount):
    return tuple(max(0, min(255, round(c * amount))) for c in colour)


def _tree(draw, x, base, size, rng, colour=(58, 112, 52)):
    trunk = max(4, size // 7)
    draw.rectangle([x - trunk, base - size, x + trunk, base], fill=(96, 70, 46))
    for _ in range(6):
        dx = rng.randint(-size // 2, size // 2)
        dy = rng.randint(-size // 3, size // 4)
        r = rng.randint(size // 2, int(size * 0.8))
        cx, cy = x + dx, base - size - size // 3 + dy
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_shade(colour, rng.uniform(0.8, 1.15)))


def _willow(draw, x, base, size):
    draw.rectangle([x - 10, base - size, x + 10, base], fill=(92, 72, 50))
    for i in range(-8, 9):
        sway = i * size // 10
        draw.ellipse(
            [
                x + sway - 40,
                base - size - 60 + abs(i) * 8,
                x + sway + 40,
                base - size // 3 + abs(i) * 6,
            ],
            fill=_shade((110, 150, 70), 0.85 + (i % 3) * 0.08),
        )


def _bench(draw, x, y, scale=1.0):
    w, h = int(90 * scale), int(14 * scale)
    wood, iron = (140, 96, 58), (54, 54, 60)
    draw.rectangle([x, y - h * 3, x + w, y - h * 2], fill=wood)
    draw.rectangle([x, y - h * 1.6, x + w, y - h * 0.8], fill=wood)
    for leg in (x + 6, x + w - 12):
        draw.rectangle([leg, y - h * 3, leg + 6 * scale, y], fill=iron)


def _clouds(draw, rng, count=4):
    for _ in range(count):
        cx, cy = rng.randint(60, WIDTH - 60), rng.randint(40, 160)
        for _ in range(5):
            dx, dy, r = rng.randint(-70, 70), rng.randint(-15, 15), rng.randint(26, 46)
            draw.ellipse(
                [cx + dx - r, cy + dy - r // 1.6, cx + dx + r, cy + dy + r // 1.6],
                fill=(250, 252, 255),
            )


def _sky(draw, rng, horizon):
    _gradient(draw, (0, 0, WIDTH, horizon), *SKY)
    _clouds(draw, rng)


def park(rng):
    """Riverside Park: lawns, a path to a pond, a willow and benches."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = 300
    _sky(draw, rng, horizon)
    _gradient(draw, (0, horizon, WIDTH, HEIGHT), *GRASS)
    for x in range(-20, WIDTH + 40, 70):
        _tree(draw, x + rng.randint(-20, 20), horizon + 10, rng.randint(40, 70), rng, (46, 96, 50))
    draw.polygon(
        [(560, horizon + 5), (640, horizon + 5), (900, HEIGHT), (300, HEIGHT)], fill=(196, 178, 146)
    )
    draw.ellipse([720, 390, 1120, 520], fill=(86, 140, 170))
    draw.ellipse([770, 410, 1040, 480], fill=(128, 178, 204))
    _willow(draw, 980, 420, 150)
    _tree(draw, 160, 560, 110, rng)
    _bench(draw, 230, 600, 1.2)
    _bench(draw, 820, 560, 0.9)
    return image


def flooded_path(rng):
    """The Mill Lane path under water."""
    image = park(rng)
    draw = ImageDraw.Draw(image)
    draw.ellipse([380, 520, 820, 640], fill=(104, 140, 158))
    draw.ellipse([440, 545, 760, 615], fill=(150, 184, 200))
    for _ in range(30):
        x, y = rng.randint(420, 780), rng.randint(540, 625)
        draw.ellipse([x - 14, y - 3, x + 14, y + 3], outline=(190, 214, 226), width=2)
    return image


def pond(rng):
    """The pond and the big willow."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = 260
    _sky(draw, rng, horizon)
    _gradient(draw, (0, horizon, WIDTH, HEIGHT), *GRASS)
    for x in range(-20, WIDTH + 40, 90):
        _tree(draw, x, horizon + 10, rng.randint(45, 75), rng, (46, 96, 50))
    draw.ellipse([80, 360, 1120, 660], fill=(70, 120, 150))
    draw.ellipse([180, 400, 1020, 620], fill=(110, 160, 186))
    for _ in range(8):  # ducks
        x, y = rng.randint(260, 940), rng.randint(440, 580)
        draw.ellipse([x - 16, y - 8, x + 16, y + 8], fill=(120, 92, 60))
        draw.ellipse([x + 8, y - 18, x + 22, y - 4], fill=(40, 90, 60))
    _willow(draw, 300, 440, 200)
    return image


def benches(rng):
    """A loop path with benches."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = 280
    _sky(draw, rng, horizon)
    _gradient(draw, (0, horizon, WIDTH, HEIGHT), *GRASS)
    for x in range(0, WIDTH, 80):
        _tree(draw, x, horizon + 20, rng.randint(50, 80), rng)
    draw.ellipse([-200, 420, 1400, 900], fill=(196, 178, 146))
    draw.ellipse([-100, 500, 1300, 900], fill=_shade(GRASS[1], 1.05))
    for x, scale in [(120, 1.3), (520, 1.1), (900, 1.3)]:
        _bench(draw, x, 520, scale)
    return image


def library(rng):
    """The Central Library: a brick front with tall windows and steps."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _sky(draw, rng, 560)
    draw.rectangle([0, 560, WIDTH, HEIGHT], fill=(170, 170, 168))
    brick = (164, 86, 62)
    draw.rectangle([170, 140, 1030, 560], fill=brick)
    for y in range(150, 560, 18):  # mortar lines
        draw.line([(170, y), (1030, y)], fill=_shade(brick, 0.88), width=2)
    draw.polygon([(140, 150), (600, 40), (1060, 150)], fill=(120, 60, 48))
    draw.rectangle([150, 140, 1050, 170], fill=(226, 218, 200))
    for x in range(220, 1000, 130):
        draw.rectangle([x, 210, x + 70, 380], fill=(250, 214, 120))
        draw.rectangle([x, 210, x + 70, 380], outline=(226, 218, 200), width=6)
        draw.line([(x + 35, 210), (x + 35, 380)], fill=(226, 218, 200), width=4)
    draw.rectangle([520, 420, 680, 560], fill=(58, 74, 110))
    draw.rectangle([490, 400, 710, 420], fill=(226, 218, 200))
    for i in range(4):
        draw.rectangle(
            [440 - i * 20, 560 + i * 14, 760 + i * 20, 574 + i * 14], fill=(204, 200, 190)
        )
    for x in (60, 1130):
        _tree(draw, x, 580, 100, rng)
    return image


def street(rng):
    """Station Road with a protected cycle lane, in perspective."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon, vanish = 300, 600
    _sky(draw, rng, horizon)
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=(186, 184, 178))
    for i, x in enumerate(range(-40, 460, 110)):  # terraced houses, left
        colour = [(200, 160, 120), (176, 116, 90), (214, 196, 170)][i % 3]
        top = 120 + i * 22
        draw.rectangle([x, top, x + 110, horizon + 40 - i * 6], fill=colour)
        draw.rectangle([x + 20, top + 30, x + 50, top + 70], fill=(214, 230, 240))
        draw.rectangle([x + 64, top + 30, x + 94, top + 70], fill=(214, 230, 240))
    for i, x in enumerate(range(760, 1260, 110)):  # and right
        colour = [(214, 196, 170), (186, 126, 96), (200, 160, 120)][i % 3]
        top = 210 - i * 22
        draw.rectangle([x, top, x + 110, horizon + 10 + i * 6], fill=colour)
        draw.rectangle([x + 20, top + 30, x + 50, top + 70], fill=(214, 230, 240))
    draw.polygon(
        [(vanish - 10, horizon), (vanish + 10, horizon), (WIDTH + 300, HEIGHT), (-300, HEIGHT)],
        fill=(92, 94, 100),
    )
    draw.polygon(
        [(vanish + 6, horizon), (vanish + 14, horizon), (WIDTH + 120, HEIGHT), (880, HEIGHT)],
        fill=(54, 140, 96),
    )
    draw.polygon(
        [(vanish + 4, horizon), (vanish + 6, horizon), (880, HEIGHT), (850, HEIGHT)],
        fill=(236, 236, 236),
    )
    draw.polygon(
        [(vanish - 14, horizon), (vanish - 10, horizon), (-300, HEIGHT), (-180, HEIGHT)],
        fill=(170, 170, 168),
    )
    for t in (0.25, 0.45, 0.7):  # dashed centre line
        y0, y1 = horizon + (HEIGHT - horizon) * t, horizon + (HEIGHT - horizon) * (t + 0.1)
        draw.polygon(
            [(vanish - 1, y0), (vanish + 1, y0), (vanish + 3, y1), (vanish - 3, y1)],
            fill=(250, 250, 250),
        )
    # a bicycle symbol on the lane
    cx, cy = 960, 600
    draw.ellipse([cx - 70, cy - 30, cx - 10, cy + 30], outline=(250, 250, 250), width=7)
    draw.ellipse([cx + 10, cy - 30, cx + 70, cy + 30], outline=(250, 250, 250), width=7)
    draw.line(
        [(cx - 40, cy), (cx, cy - 30), (cx + 40, cy), (cx - 40, cy)], fill=(250, 250, 250), width=7
    )
    for x in (700, 780, 880):
        _tree(draw, x, horizon + 80 + (x - 700) // 3, 50 + (x - 700) // 6, rng)
    return image


def homes(rng):
    """New homes at Mill Quarter: blocks of flats, a crane, young trees."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = 540
    _sky(draw, rng, horizon)
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=(150, 150, 146))
    draw.line([(980, 60), (980, horizon)], fill=(230, 170, 40), width=14)  # crane
    draw.line([(760, 80), (1180, 80)], fill=(230, 170, 40), width=12)
    draw.line([(900, 80), (900, 260)], fill=(60, 60, 60), width=3)
    blocks = [
        (60, 220, 330, (198, 120, 86)),
        (360, 160, 640, (226, 210, 186)),
        (670, 260, 940, (170, 96, 72)),
    ]
    for left, top, right, colour in blocks:
        draw.rectangle([left, top, right, horizon], fill=colour)
        draw.rectangle([left - 10, top - 14, right + 10, top], fill=_shade(colour, 0.7))
        for y in range(top + 30, horizon - 50, 62):
            for x in range(left + 24, right - 40, 64):
                draw.rectangle([x, y, x + 36, y + 40], fill=(200, 222, 236))
                draw.rectangle([x - 4, y + 40, x + 40, y + 46], fill=(80, 80, 84))
    for x in range(40, WIDTH, 150):
        _tree(draw, x, 640, 40, rng, (76, 138, 62))
    draw.rectangle([0, 640, WIDTH, HEIGHT], fill=(120, 170, 84))
    return image


def playground(rng):
    """A playground: a slide, swings and soft surfacing."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = 320
    _sky(draw, rng, horizon)
    _gradient(draw, (0, horizon, WIDTH, HEIGHT), *GRASS)
    for x in range(0, WIDTH, 90):
        _tree(draw, x, horizon + 15, rng.randint(45, 70), rng, (46, 96, 50))
    draw.ellipse([80, 420, 1120, 700], fill=(204, 92, 70))
    draw.line([(240, 300), (200, 600)], fill=(40, 90, 150), width=14)  # swings
    draw.line([(240, 300), (280, 600)], fill=(40, 90, 150), width=14)
    draw.line([(520, 300), (480, 600)], fill=(40, 90, 150), width=14)
    draw.line([(520, 300), (560, 600)], fill=(40, 90, 150), width=14)
    draw.line([(230, 300), (530, 300)], fill=(40, 90, 150), width=14)
    for x in (320, 430):
        draw.line([(x, 306), (x, 500)], fill=(70, 70, 70), width=4)
        draw.line([(x + 40, 306), (x + 40, 500)], fill=(70, 70, 70), width=4)
        draw.rectangle([x - 6, 500, x + 46, 514], fill=(240, 190, 50))
    draw.rectangle([760, 330, 900, 350], fill=(240, 190, 50))  # slide tower
    for x in (770, 880):
        draw.rectangle([x, 340, x + 14, 600], fill=(40, 90, 150))
    draw.polygon([(900, 330), (930, 330), (1100, 590), (1060, 600)], fill=(236, 80, 70))
    for y in range(380, 600, 40):
        draw.line([(770, y), (894, y)], fill=(40, 90, 150), width=8)
    return image


SCENES = {
    "park": park,
    "flooded-path": flooded_path,
    "pond": pond,
    "benches": benches,
    "library": library,
    "street": street,
    "homes": homes,
    "playground": playground,
}


def draw(name, size=(WIDTH, HEIGHT), quality=82):
    """The scene ``name`` as JPEG bytes (the same bytes every time)."""
    rng = random.Random(name)  # noqa: S311 - a seeded drawing, not a secret
    image = SCENES[name](rng).filter(ImageFilter.SMOOTH_MORE)
    if size != (WIDTH, HEIGHT):
        image = image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, optimize=True)
    return buffer.getvalue()
