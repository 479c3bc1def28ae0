FROM python:3.12-slim
WORKDIR /app
ENV GEM_HOST_API_KEY=<your-gem-host-api-key>
CMD ["python", "app.py"]
