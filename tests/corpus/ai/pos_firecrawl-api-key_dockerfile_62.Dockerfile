FROM python:3.12-slim
WORKDIR /app
ENV FIRECRAWL_API_KEY=fc-{{rand:hex:32}}
CMD ["python", "app.py"]
