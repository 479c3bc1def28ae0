FROM python:3.12-slim
WORKDIR /app
ENV HF_TOKEN=hf_...
CMD ["python", "app.py"]
