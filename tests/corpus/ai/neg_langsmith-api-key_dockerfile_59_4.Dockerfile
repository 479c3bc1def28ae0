FROM python:3.12-slim
WORKDIR /app
ENV LANGSMITH_API_KEY=lsv2_pt_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
CMD ["python", "app.py"]
