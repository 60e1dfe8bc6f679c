# The vanban API (and CLI) in a container. With docker-compose.yml it runs against Neo4j.
#   docker build -t vanban .
#   docker run --rm -p 127.0.0.1:8000:8000 vanban       # networkx store inside the container
# tests/test_packaging.py installs exactly the files COPYed below, with the RUN line's
# `pip install`, into a fresh venv and runs the CLI and the server from it: keep the install
# to COPY + `pip install` lines.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    VANBAN_HOME=/data/vanban

# System packages on this one line: OCR (Tesseract + Vietnamese) and old Word .doc (antiword, LibreOffice).
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-vie \
        libreoffice-writer-nogui antiword && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml setup.py README.md LICENSE THIRD_PARTY_NOTICES.md ./
COPY vanban ./vanban
COPY graph ./graph
COPY loaders ./loaders
COPY api ./api
COPY viz ./viz
RUN pip install ".[ocr,fast]" \
    && useradd --create-home --uid 10001 vanban \
    && mkdir -p /data/vanban /plans \
    && chown -R vanban /data

# Run from outside the source folder, so `python -m vanban` imports the installed package.
WORKDIR /data
USER vanban
EXPOSE 8000
CMD ["vanban", "serve", "--host", "0.0.0.0", "--port", "8000"]
