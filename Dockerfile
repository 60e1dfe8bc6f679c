# The vanban API (and CLI) in a container. With docker-compose.yml it runs against Neo4j.
#   docker build -t vanban .
#   docker run --rm -p 8000:8000 vanban                  # networkx store inside the container
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VANBAN_HOME=/data/vanban

WORKDIR /app
COPY pyproject.toml README.md ./
COPY vanban ./vanban
COPY graph ./graph
COPY loaders ./loaders
COPY api ./api
COPY viz ./viz
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-vie \
        libreoffice-writer-nogui antiword && rm -rf /var/lib/apt/lists/*
RUN pip install ".[ocr]" \
    && useradd --create-home --uid 10001 vanban \
    && mkdir -p /data/vanban /plans \
    && chown -R vanban /data

USER vanban
EXPOSE 8000
CMD ["vanban", "serve", "--host", "0.0.0.0", "--port", "8000"]
