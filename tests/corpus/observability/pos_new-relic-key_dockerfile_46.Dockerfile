FROM python:3.12-slim
WORKDIR /app
ENV NEW_RELIC_API_KEY=NRAK-{{rand:A-Z0-9:27}}
CMD ["python", "app.py"]
