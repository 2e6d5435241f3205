#!/usr/bin/env python3
"""The peer of `cmsched meeting create --input`: what an admin's script does with requests and
xmltodict over one keep-alive session. Reads the template and its access method templates once,
then per CSV row POSTs the coSpace, one access method per access method template and the
organizer as member. With WORKERS > 1 it runs that many processes, each on every WORKERS-th row.

usage: bulk_peer.py API_URL USER PASSWORD CSV [WORKERS]
"""
import csv
import multiprocessing
import random
import string
import sys

import requests
import xmltodict


def items(xml, collection, item):
    found = (xmltodict.parse(xml).get(collection) or {}).get(item) or []
    return found if isinstance(found, list) else [found]


def worker(args):
    url, user, password, rows, index, workers = args
    api = url.rstrip("/") + "/api/v1"
    session = requests.Session()
    session.auth = (user, password)

    def post(path, form):
        response = session.post(api + path, data=form)
        response.raise_for_status()
        return response.headers["Location"].rsplit("/", 1)[1]

    template_cache = {}
    for row in rows[index::workers]:
        name = row["template"]
        if name not in template_cache:
            templates = items(session.get(api + "/coSpaceTemplates", params={"filter": name}).text, "coSpaceTemplates", "coSpaceTemplate")
            template = next(t for t in templates if t["name"] == name)
            methods = items(session.get(api + f"/coSpaceTemplates/{template['@id']}/accessMethodTemplates").text,
                            "accessMethodTemplates", "accessMethodTemplate")
            template_cache[name] = (template, methods)
        template, methods = template_cache[name]
        base = row["key"].lower() + "." + "".join(random.choices(string.ascii_lowercase + string.digits, k=6))
        form = {"name": row["name"], "uri": base, "requireCallId": "true", "meetingScheduler": row["organizer"]}
        for profile in ("callProfile", "callLegProfile"):
            if template.get(profile):
                form[profile] = template[profile]
        space = post("/coSpaces", form)
        for method in methods:
            form = {"name": method["name"]}
            if method.get("uriGenerator"):
                form["uri"] = method["uriGenerator"].replace("$", base)
            if method.get("generateUniqueCallId") == "true":
                form["callId"] = str(random.randint(100_000_000, 999_999_999))
            post(f"/coSpaces/{space}/accessMethods", form)
        post(f"/coSpaces/{space}/coSpaceUsers", {"userJid": row["organizer"]})


def main():
    url, user, password, path = sys.argv[1:5]
    workers = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    with open(path, newline="") as file:
        rows = list(csv.DictReader(file))
    jobs = [(url, user, password, rows, index, workers) for index in range(workers)]
    if workers == 1:
        worker(jobs[0])
    else:
        with multiprocessing.Pool(workers) as pool:
            pool.map(worker, jobs)


if __name__ == "__main__":
    main()
