FROM python:3.12-slim
WORKDIR /app
ENV LANGSMITH_API_KEY=lsv2_pt_{{rand:hex:32}}_{{rand:hex:10}}
CMD ["python", "app.py"]
