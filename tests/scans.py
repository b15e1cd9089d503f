"""A scanned page for the OCR tests: a PDF whose only page is a picture of typed lines (no text layer)."""

from __future__ import annotations

import io


def scanned_pdf(lines: list[str]) -> bytes:
    """An A4 page at 300 dpi with `lines` drawn as pixels, wrapped in a PDF as a scanner makes it."""
    import fpdf
    from PIL import Image, ImageDraw, ImageFont

    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 40)
    except OSError:
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((200, 300 + 70 * i), line, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=210, h=297)
    return bytes(pdf.output())
