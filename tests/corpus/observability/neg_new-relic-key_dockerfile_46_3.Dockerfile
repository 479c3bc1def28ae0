FROM python:3.12-slim
WORKDIR /app
ENV NEW_RELIC_API_KEY=changeme
CMD ["python", "app.py"]
