#!/usr/bin/env python3
"""pypdfium2 character boxes vs pdfplumber/pdfminer.six layout analysis on bench/pdf_fidelity (text PDFs)."""
import json, os, re, sys, time
sys.path.append(os.environ.get('PDFPLUMBER_PATH', '/tmp/plumber'))  # pip install --target /tmp/plumber pdfplumber
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import pdfplumber, pypdfium2 as pdfium
from kb.ingest import parse_file
D = os.path.dirname(os.path.abspath(__file__)) + '/'
tot = {'pdfminer_laparams': [0, 0.0], 'pdfium_text': [0, 0.0], 'pdfplumber': [0, 0.0], 'product': [0, 0.0]}
facts = [json.loads(l) for l in open(D + 'facts.jsonl') if l.strip()]
norm = lambda t: re.sub(r'\s+', ' ', re.sub(r'(\w)-\s*\n\s*(\w)', r'\1\2', t).translate(str.maketrans({'\u2013':'-','\u2019':"'",'\u201c':'"','\u201d':'"', '\ufffe': '', '\x02': ''}))).strip()
pages = 0; sents = 0
for f in facts:
    if f.get('scanned'): continue
    path = D + f['file']
    doc = pdfium.PdfDocument(path); n = len(doc); pages += n
    t = time.perf_counter(); raw = '\n'.join(doc[i].get_textpage().get_text_range() for i in range(n)); tot['pdfium_text'][1] += time.perf_counter() - t
    t = time.perf_counter()
    with pdfplumber.open(path) as pdf: plumb = '\n'.join((p.extract_text() or '') for p in pdf.pages)
    tot['pdfplumber'][1] += time.perf_counter() - t
    from pdfminer.high_level import extract_text as pm_extract
    t = time.perf_counter(); pm = pm_extract(path); tot['pdfminer_laparams'][1] += time.perf_counter() - t
    t = time.perf_counter(); prod = parse_file(path).text; tot['product'][1] += time.perf_counter() - t
    for s in f['sentences']:
        sents += 1; s = norm(s)
        for key, text in (('pdfium_text', raw), ('pdfplumber', plumb), ('pdfminer_laparams', pm), ('product', prod)):
            tot[key][0] += s in norm(text)
print(f'{pages} pages, {sents} sentences that cross a line, column or page break')
for key, (hits, secs) in tot.items():
    print(f'{key:14} sentences found whole {hits:>3}/{sents}   {1000*secs/pages:7.1f} ms/page')
