#!/usr/bin/env python3
"""The raw floor of bulk scheduling: the same Call Bridge requests a meeting needs (POST a
coSpace, one POST per access method, POST the organizer as member), on one kept-alive HTTP
connection, with no other logic. Prints one JSON object: meetings per second for each block of
BLOCK meetings, so a run shows whether the server slows down as it fills.

usage: floor.py API_URL USER PASSWORD COUNT [BLOCK] [WORKERS]   (API_URL like http://127.0.0.1:PORT)
With WORKERS > 1, that many processes each make COUNT/WORKERS meetings on their own connection
(the floor of a client with that much concurrency); blocks are then not reported.
"""
import base64
import http.client
import json
import multiprocessing
import sys
import time
import urllib.parse


def main():
    url, user, password, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    block = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
    workers = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    if workers > 1:
        started = time.perf_counter()
        share = count // workers
        with multiprocessing.Pool(workers) as pool:
            pool.map(make, [(url, user, password, index * share, share, count + 1) for index in range(workers)])
        total = time.perf_counter() - started
        made = share * workers
        print(json.dumps({"meetings": made, "seconds": round(total, 3), "perSecond": round(made / total, 1), "blocks": []}))
        return
    rates, total = make((url, user, password, 0, count, block))
    print(json.dumps({"meetings": count, "seconds": round(total, 3), "perSecond": round(count / total, 1), "blocks": rates}))


def make(args):
    """Makes meetings first+1 … first+count on one connection; returns block rates and seconds."""
    url, user, password, first, count, block = args
    parsed = urllib.parse.urlparse(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port)
    auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    headers = {"Authorization": auth, "Content-Type": "application/x-www-form-urlencoded"}

    def post(path, form):
        connection.request("POST", "/api/v1" + path, urllib.parse.urlencode(form), headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"POST {path}: HTTP {response.status}")
        return response.getheader("Location").rsplit("/", 1)[1]

    rates = []
    started = time.perf_counter()
    block_start = started
    for i in range(first + 1, first + count + 1):
        space = post("/coSpaces", {"name": f"Floor {i}", "uri": f"floor.{i}", "requireCallId": "true"})
        post(f"/coSpaces/{space}/accessMethods", {"name": "Guests", "uri": f"floor.{i}.guest", "callId": str(500_000_000 + i)})
        post(f"/coSpaces/{space}/accessMethods", {"name": "Hosts", "uri": f"floor.{i}.host"})
        post(f"/coSpaces/{space}/coSpaceUsers", {"userJid": "saiacano@s.com"})
        if (i - first) % block == 0:
            now = time.perf_counter()
            rates.append(round(block / (now - block_start), 1))
            block_start = now
    return rates, time.perf_counter() - started


if __name__ == "__main__":
    main()
