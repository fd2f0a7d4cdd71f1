"""Just enough of a PDF reader to check what WeasyPrint wrote (the project ships no PDF parser).

It reads the objects (object streams included), the pages in order, each page's images (image
XObjects, also inside form XObjects) and its text, decoded through the fonts' ToUnicode maps.
"""

import re
import zlib

REF = rb"(\d+) 0 R"


class PdfReader:
    def __init__(self, data: bytes):
        assert data.startswith(b"%PDF-"), "not a PDF"
        self.data = data
        self.objects: dict[int, tuple[bytes, bytes | None]] = {}
        self._read_objects()
        self._read_object_streams()
        self.pages = self._page_numbers()
        self._cmaps: dict[int, dict[int, str]] = {}

    # -- objects ---------------------------------------------------------------------------

    def _read_objects(self) -> None:
        for match in re.finditer(rb"(?<![0-9])(\d+) 0 obj", self.data):
            start = match.end()
            stream_at = self.data.find(b"stream", start)
            end_at = self.data.find(b"endobj", start)
            if stream_at != -1 and stream_at < end_at:
                head = self.data[start:stream_at]
                length = int(re.search(rb"/Length (\d+)", head)[1])
                begin = stream_at + len(b"stream")
                begin += 2 if self.data[begin : begin + 2] == b"\r\n" else 1
                raw = self.data[begin : begin + length]
                stream = zlib.decompress(raw) if b"/FlateDecode" in head else raw
                self.objects[int(match[1])] = (head, stream)
            else:
                self.objects[int(match[1])] = (self.data[start:end_at], None)

    def _read_object_streams(self) -> None:
        for head, stream in list(self.objects.values()):
            if stream is None or not re.search(rb"/Type\s*/ObjStm", head):
                continue
            count = int(re.search(rb"/N (\d+)", head)[1])
            first = int(re.search(rb"/First (\d+)", head)[1])
            numbers = [int(n) for n in stream[:first].split()]
            pairs = list(zip(numbers[0::2], numbers[1::2], strict=True))[:count]
            for index, (number, offset) in enumerate(pairs):
                end = pairs[index + 1][1] if index + 1 < len(pairs) else len(stream) - first
                self.objects[number] = (stream[first + offset : first + end], None)

    def head(self, number: int) -> bytes:
        return self.objects[number][0]

    def stream(self, number: int) -> bytes:
        return self.objects[number][1] or b""

    def _dict_entry(self, text: bytes, key: bytes) -> bytes:
        """The value of ``/key`` in ``text``: an inline << >> dictionary or the referenced object."""
        match = re.search(rb"/" + key + rb"\s*(<<|" + REF + rb")", text)
        if not match:
            return b""
        if match[1] == b"<<":
            depth, index = 0, match.start(1)
            while index < len(text):
                if text[index : index + 2] == b"<<":
                    depth += 1
                    index += 2
                elif text[index : index + 2] == b">>":
                    depth -= 1
                    index += 2
                    if depth == 0:
                        return text[match.start(1) : index]
                else:
                    index += 1
            return text[match.start(1) :]
        return self.head(int(match[2]))

    # -- pages -----------------------------------------------------------------------------

    def _page_numbers(self) -> list[int]:
        root = next(h for h, _s in self.objects.values() if re.search(rb"/Type\s*/Catalog", h))
        pages_ref = int(re.search(rb"/Pages " + REF, root)[1])
        return self._kids(pages_ref)

    def _kids(self, number: int) -> list[int]:
        head = self.head(number)
        if re.search(rb"/Type\s*/Pages", head):
            kids = re.search(rb"/Kids\s*\[(.*?)\]", head, re.S)[1]
            return [page for ref in re.findall(REF, kids) for page in self._kids(int(ref))]
        return [number]

    def _resources(self, page: int) -> bytes:
        return self._dict_entry(self.head(page), b"Resources")

    def images(self, page_index: int) -> list[tuple[int, int]]:
        """(width, height) of every image drawn from the page's resources."""
        found: list[tuple[int, int]] = []
        seen: set[int] = set()

        def walk(resources: bytes) -> None:
            for ref in re.findall(REF, self._dict_entry(resources, b"XObject")):
                number = int(ref)
                if number in seen:
                    continue
                seen.add(number)
                head = self.head(number)
                if re.search(rb"/Subtype\s*/Image", head):
                    width = int(re.search(rb"/Width (\d+)", head)[1])
                    height = int(re.search(rb"/Height (\d+)", head)[1])
                    found.append((width, height))
                elif re.search(rb"/Subtype\s*/Form", head):
                    walk(self._dict_entry(head, b"Resources"))

        walk(self._resources(self.pages[page_index]))
        return found

    # -- text ------------------------------------------------------------------------------

    def _cmap(self, font: int) -> dict[int, str]:
        if font not in self._cmaps:
            mapping: dict[int, str] = {}
            ref = re.search(rb"/ToUnicode " + REF, self.head(font))
            cmap = self.stream(int(ref[1])) if ref else b""
            for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
                for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                    mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
            for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
                for low, high, dst in re.findall(
                    rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
                ):
                    base = int(dst, 16)
                    for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                        mapping[code] = chr(base + offset)
            self._cmaps[font] = mapping
        return self._cmaps[font]

    def text(self, page_index: int) -> str:
        page = self.pages[page_index]
        fonts = {
            name: int(ref)
            for name, ref in re.findall(
                rb"/([A-Za-z0-9_.+-]+)\s+" + REF, self._dict_entry(self._resources(page), b"Font")
            )
        }
        contents = self.head(page)
        refs = re.findall(REF, re.search(rb"/Contents\s*(\[.*?\]|\d+ 0 R)", contents, re.S)[1])
        stream = b"\n".join(self.stream(int(r)) for r in refs)
        out: list[str] = []
        font = None
        for token in re.finditer(
            rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|T\*|Td|TD|Tm",
            stream,
            re.S,
        ):
            if token[1]:
                font = fonts.get(token[1])
                continue
            if token[0] in (b"T*", b"Td", b"TD", b"Tm"):
                out.append(" ")
                continue
            strings = re.findall(rb"<([0-9A-Fa-f]*)>", token[2]) if token[2] is not None else [token[3]]
            cmap = self._cmap(font) if font else {}
            for hexa in strings:
                width = 4  # WeasyPrint writes two-byte glyph ids (Identity-H)
                for index in range(0, len(hexa), width):
                    out.append(cmap.get(int(hexa[index : index + width], 16), ""))
            out.append("")
        return re.sub(r"\s+", " ", "".join(out))

    def full_text(self) -> str:
        return " ".join(self.text(i) for i in range(len(self.pages)))
