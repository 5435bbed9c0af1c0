#!/usr/bin/env python3
"""Trains the letter-trigram model behind the judge's `wordness` feature (is a value made of
words people type, or of random characters?) and writes rules/confidence/wordness.json.

Training data: the most frequent words of several languages from the `wordfreq` package
(pip install wordfreq), weighted by the square root of their frequency. Only derived numbers
(quantised log-probabilities of a letter given the two before it) are written; no word list is.

Run: python3 scripts/train/wordness.py   (deterministic: the same package version gives the same file)
"""
import json, math, os, sys
from wordfreq import top_n_list, word_frequency

LANGS = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl']
N_WORDS = 30000
A = 27  # '^' (word boundary, index 0) and a-z (1..26)
K = 0.05  # add-k smoothing

def idx(c):
    return 0 if c == '^' else ord(c) - 96

counts = [[[0.0] * A for _ in range(A)] for _ in range(A)]
for lang in LANGS:
    for w in top_n_list(lang, N_WORDS):
        if not w.isascii() or not w.isalpha():
            continue
        w = w.lower()
        weight = math.sqrt(word_frequency(w, lang) * 1e6)
        s = '^^' + w + '^'
        for i in range(2, len(s)):
            counts[idx(s[i - 2])][idx(s[i - 1])][idx(s[i])] += weight

# log2 P(c | a b), quantised to 1/8 bit in 0..255 (value = round(-8 * log2 p), capped)
table = []
for a in range(A):
    for b in range(A):
        row = counts[a][b]
        total = sum(row) + K * A
        for c in range(A):
            p = (row[c] + K) / total
            table.append(min(255, round(-8 * math.log2(p))))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'rules', 'confidence', 'wordness.json')
with open(out, 'w') as f:
    json.dump({
        'about': 'Letter-trigram model: q[(a*27+b)*27+c] = round(-8*log2 P(c|a,b)); index 0 is the word boundary, 1..26 a..z. Made by scripts/train/wordness.py from wordfreq top words of ' + ','.join(LANGS) + '.',
        'alphabet': 27,
        'scale': 8,
        'q': ''.join('%02x' % v for v in table),
    }, f)
    f.write('\n')
print('wrote', os.path.normpath(out), len(table), 'entries')
