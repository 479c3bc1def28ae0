FROM python:3.12-slim
WORKDIR /app
ENV FIRECRAWL_API_KEY=changeme
CMD ["python", "app.py"]
